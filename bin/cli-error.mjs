/** A failure the CLI reports as one line, `resample: <message>`, with exit status 2. */
export class CliError extends Error {}

/** Library and filesystem messages can span lines; stderr gets exactly one. */
export function oneLine(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}
