// Small durability helpers over node:fs.
import { open, type FileHandle } from 'node:fs/promises';

/** Makes a directory's entries (created, renamed, removed files) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of buf at the handle's current position (a short write is retried). */
export async function writeFully(handle: FileHandle, buf: Buffer): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done, null);
    done += bytesWritten;
  }
}
