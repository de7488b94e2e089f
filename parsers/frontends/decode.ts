// Placeholder: bytes → string. The full chain (header → BOM → <meta> → detection, iconv-lite) replaces it.
export function decodeText(bytes: Uint8Array, _contentType?: string): string {
  return new TextDecoder('utf-8').decode(bytes);
}
