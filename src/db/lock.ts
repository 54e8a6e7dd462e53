/**
 * An exclusive lock on a data directory: PGlite is single-process, and two processes on one
 * directory corrupt it. The lock file holds the owner's pid; a lock left by a dead process is
 * taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DirectoryLock {
  release(): void;
}

export function acquireDirectoryLock(directory: string): DirectoryLock {
  const lockPath = path.join(directory, 'lienthong.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${directory} is in use by another lienthong process (pid ${owner}). ` +
            'Stop that process, or give this one another DATA_DIR.',
        );
      }
      // Stale lock from a process that is gone (or from this very process): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${directory}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
