// pdf.js ships types only for pdf.mjs; the minified builds are the same API (see load.ts for why they are used).
declare module 'pdfjs-dist/legacy/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}
declare module 'pdfjs-dist/legacy/build/pdf.min.mjs' {
  const pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  export = pdfjs;
}
