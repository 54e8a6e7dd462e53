/**
 * The command-line tools' shared argument handling (src/cli/): strict flags, `--help`, and one exit code for usage
 * errors, so every command answers a mistyped flag the same way.
 *
 * Exit codes: 0 after --help, 2 for a usage error (unknown flag, missing value); each command adds its own.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { commandLineArguments } from '../config.ts';

export interface CommandDescription {
  /** As the messages name it, e.g. `audit:verify`. */
  readonly name: string;
  /** Printed after a usage error. */
  readonly usage: string;
  /** Printed by --help (default: the usage). */
  readonly help?: string;
}

/** Prints `message` and the usage to stderr and exits with 2. */
export function usageError(command: CommandDescription, message: string): never {
  console.error(`${command.name}: ${message}\n${command.usage}`);
  process.exit(2);
}

/**
 * Parses the process's arguments strictly against `config` (whose options must include `help`); --help prints the
 * help and exits with 0, a flag parseArgs refuses is a usage error.
 */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(
  command: CommandDescription,
  config: T,
): ReturnType<typeof parseArgs<T & { args: string[]; strict: true }>> {
  let parsed: ReturnType<typeof parseArgs<T & { args: string[]; strict: true }>>;
  try {
    parsed = parseArgs({ ...config, args: commandLineArguments(), strict: true });
  } catch (error) {
    usageError(command, (error as Error).message);
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    console.log(command.help ?? command.usage);
    process.exit(0);
  }
  return parsed;
}
