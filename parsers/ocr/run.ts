// The OCR front end's only contact with the outside: two programs run as child processes, bytes in on stdin and
// out on stdout — poppler's pdftoppm (PDF pages → grey bitmaps) and Tesseract (a bitmap → words with boxes).
// Everything else under parsers/ocr is pure. Each call is bounded in time and output size and ends in a
// DocumentError on failure, never a hang.
import { execFileSync, spawn } from 'node:child_process';
import { childEnvironment } from '../../config/child-environment.js';
import { DocumentError } from '../errors.js';

/** Debian's packages, for the messages that say what to install. */
export const OCR_INSTALL_HINT = 'apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils';

export interface OcrToolLimits {
  /** Wall-clock budget of one program run, in ms. */
  maxMillis: number;
  /** Most bytes a program may write to stdout. */
  maxOutputBytes: number;
}

// Generous: on a busy machine one page has taken Tesseract over a minute. The parser pool's budget is the bound
// that counts (it kills the parser process, and with it these children, when a document runs out of time).
const DEFAULT_TOOL_LIMITS: OcrToolLimits = { maxMillis: 300_000, maxOutputBytes: 400 * 1024 * 1024 };

let available: boolean | undefined;

/** Whether Tesseract with its simplified-Chinese model and pdftoppm can be run here (checked once). */
export function ocrAvailable(): boolean {
  if (available !== undefined) return available;
  try {
    const langs = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' });
    execFileSync('pdftoppm', ['-v'], { timeout: 10_000, stdio: 'pipe' });
    available = /^chi_sim$/m.test(langs) && /^eng$/m.test(langs);
  } catch {
    available = false;
  }
  return available;
}

function runTool(command: string, args: string[], input: Uint8Array, limits: OcrToolLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // One thread: Tesseract's OpenMP threads spin on a busy machine and cost three times the CPU.
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnvironment({ OMP_THREAD_LIMIT: '1' }),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: DocumentError | undefined;
    const stop = (error: DocumentError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new DocumentError('timeout', `${command} ran past ${limits.maxMillis} ms and was stopped`)),
      limits.maxMillis,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxOutputBytes) {
        stop(new DocumentError('too_large', `${command} wrote more than ${limits.maxOutputBytes} bytes`));
      } else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading everything
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new DocumentError('scanned', `${command} could not be run (${err.message}): ${OCR_INSTALL_HINT}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) {
        const why = stderr.trim().split('\n').pop() ?? '';
        reject(new DocumentError('unreadable', `${command} failed (exit ${code}): ${why}`.slice(0, 300)));
      } else resolve(Buffer.concat(chunks));
    });
    child.stdin.end(input);
  });
}

/** Every page of a PDF as one grey PGM after another, rendered at `dpi` (pages first…last, 1-based). */
export function renderPdfPages(
  pdf: Uint8Array,
  dpi: number,
  pages: { first: number; last: number },
  limits: OcrToolLimits = DEFAULT_TOOL_LIMITS,
): Promise<Buffer> {
  const args = ['-gray', '-r', String(dpi), '-f', String(pages.first), '-l', String(pages.last), '-'];
  return runTool('pdftoppm', args, pdf, limits);
}

/** What Tesseract reads for: a page's text (simplified Chinese), or numbers alone (digits and number marks). */
export type Reading = 'text' | 'numbers';

const READING_ARGS: Record<Reading, string[]> = {
  text: ['-l', 'chi_sim', '--psm', '6'],
  numbers: ['-l', 'eng', '--psm', '6', '-c', 'tessedit_char_whitelist=0123456789,.-+/%'],
};

/** Tesseract's TSV (words with boxes and confidences) for one image (PGM, PNG or JPEG bytes). */
export async function recognize(
  image: Uint8Array,
  dpi: number,
  reading: Reading = 'text',
  limits: OcrToolLimits = DEFAULT_TOOL_LIMITS,
): Promise<string> {
  const args = ['stdin', 'stdout', ...READING_ARGS[reading], '--dpi', String(dpi), 'tsv'];
  return (await runTool('tesseract', args, image, limits)).toString('utf8');
}
