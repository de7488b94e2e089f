// The environment of a child process a module spawns (an OCR tool with its thread limit). Apart from settings.ts so
// that a parser process does not load the settings' validation to spawn a tool.

/** This process's environment with some variables changed. */
export function childEnvironment(changes: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...changes };
}
