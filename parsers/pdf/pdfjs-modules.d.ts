// pdf.js ships types only for pdf.mjs; the other builds are the same API (see load.ts for why they are used).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
  /** Added by patches/pdfjs-dist+4.10.38.patch. */
  export const gongkaiPatched: string | undefined;
}
declare module 'pdfjs-dist/legacy/build/pdf.min.mjs' {
  const pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  export = pdfjs;
}
