/**
 * Writing a large file a piece at a time, waiting when the disk is behind, so an export of any
 * size runs in constant memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export class FileWriter {
  private readonly out: WriteStream;
  private failed: Error | null = null;

  constructor(file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (err) => (this.failed = err));
  }

  async write(s: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.out.write(s)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
    });
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.out.end();
    await once(this.out, 'finish');
  }
}
