// Every failure of a command ends as one line on stderr — `gongkai: <what went wrong>` — and a non-zero exit;
// never a stack trace. A closed stdout (`gongkai export … | head`) ends the command quietly.

/** The first line of an error's message, without the "Error: " a nested message sometimes carries. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return first.replace(/^(Error|TypeError|RangeError): /, '').trim();
}

/** Print the error as one line and exit 1. */
export function failWith(err: unknown): never {
  process.stderr.write(`gongkai: ${oneLine(err)}\n`);
  process.exit(1);
}

/** Install once at start-up: EPIPE on stdout ends the process with success (the reader has what it wanted), and
 *  anything thrown outside a command's promise still comes out as one line. */
export function installErrorHandling(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    failWith(err);
  });
  process.on('uncaughtException', failWith);
  process.on('unhandledRejection', failWith);
}
