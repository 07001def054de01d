// A tus data store that looks at the first bytes of every upload before they are stored, so the
// type is decided by content (magic bytes), not by name or declared type, and a refused file is
// stopped after its first few KB instead of after its last byte. It wraps whichever store holds
// the bytes (storage/: a directory or an S3 bucket) and hands every call on to it.
import stream from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';
import { isStorageFull } from './http';

export interface HeadGate {
  /**
   * How many head bytes to collect before deciding (the file's size when smaller); 0 when the
   * upload's type is already decided (a later PATCH of an accepted file).
   */
  headLength(uploadId: string): number | Promise<number>;
  /** Decide from the head. Throw a tus refusal (`{ status_code, body }`) to refuse the upload. */
  check(uploadId: string, head: Buffer): void | Promise<void>;
  /**
   * Called once an upload's (empty) file exists. Throw a tus refusal when it no longer belongs to
   * any file row (a parallel creation for the same file id replaced it): its bytes are removed.
   */
  created?(uploadId: string): void | Promise<void>;
  /**
   * The disk filled up while writing (ENOSPC): the partial upload has been removed; returns the
   * refusal to answer with.
   */
  storageFull?(uploadId: string): Promise<unknown>;
}

export class SniffingStore extends DataStore {
  constructor(
    private readonly inner: DataStore,
    private readonly gate: HeadGate,
    /** The first `length` bytes an earlier PATCH already stored. */
    private readonly readStoredHead: (uploadId: string, length: number) => Promise<Buffer>,
  ) {
    super();
    this.extensions = inner.extensions;
  }

  override getUpload(id: string): Promise<Upload> {
    return this.inner.getUpload(id);
  }

  override remove(id: string): Promise<void> {
    return this.inner.remove(id);
  }

  override declareUploadLength(id: string, length: number): Promise<void> {
    return this.inner.declareUploadLength(id, length);
  }

  override deleteExpired(): Promise<number> {
    return this.inner.deleteExpired();
  }

  override getExpiration(): number {
    return this.inner.getExpiration();
  }

  override async create(upload: Upload): Promise<Upload> {
    const created = await this.inner.create(upload);
    try {
      await this.gate.created?.(upload.id);
    } catch (refusal) {
      await this.remove(upload.id).catch(() => {});
      throw refusal;
    }
    return created;
  }

  override async write(readable: stream.Readable, uploadId: string, offset: number): Promise<number> {
    try {
      return await this.gatedWrite(readable, uploadId, offset);
    } catch (err) {
      if (!isStorageFull(err)) throw err;
      // Out of space mid-write: nothing of this upload stays (a half-written file helps no one and
      // holds space others need); the customer can upload again when there is room.
      await this.remove(uploadId).catch(() => {});
      throw (await this.gate.storageFull?.(uploadId)) ?? err;
    }
  }

  private async gatedWrite(readable: stream.Readable, uploadId: string, offset: number): Promise<number> {
    const need = await this.gate.headLength(uploadId);
    if (offset >= need) return this.inner.write(readable, uploadId, offset);

    // A previous PATCH may have stored part of the head (a chunk smaller than the head, or a cut
    // connection): the decision needs those bytes too.
    const stored = offset > 0 ? await this.readStoredHead(uploadId, offset) : Buffer.alloc(0);
    let refusal: unknown = null;
    const held: Buffer[] = [];
    let heldBytes = 0;
    let decided = false;

    // Holds the head back until the gate has decided: a refused file leaves nothing on disk.
    const gateStream = new stream.Transform({
      transform: (chunk: Buffer, _enc, done) => {
        if (decided) return done(null, chunk);
        held.push(chunk);
        heldBytes += chunk.length;
        if (stored.length + heldBytes < need) return done();
        const head = Buffer.concat([stored, ...held]).subarray(0, need);
        Promise.resolve()
          .then(() => this.gate.check(uploadId, head))
          .then(() => {
            decided = true;
            for (const part of held.splice(0)) gateStream.push(part);
            done();
          })
          .catch(async (err: unknown) => {
            refusal = err;
            // Refused: the partial upload goes before the refusal is answered, so neither its
            // bytes nor its resumability remain (nothing of it was written: the head was held).
            await this.remove(uploadId).catch(() => {});
            // The error travels up through tus's own pipeline too, so it must carry the refusal's
            // status and body itself (tus answers with `status_code` and `body` of what it catches).
            done(err instanceof Error ? err : Object.assign(new Error('upload refused'), err));
          });
      },
      flush: (done) => {
        // The request ended before the head was complete: keep what came, decide on the next PATCH.
        for (const part of held.splice(0)) gateStream.push(part);
        done();
      },
    });

    try {
      return await this.inner.write(stream.pipeline(readable, gateStream, () => {}), uploadId, offset);
    } catch (err) {
      if (refusal) {
        // Removed again once the store's own write has stopped: with S3 the store was still
        // working on this upload when the gate removed it, and in one run of five an object of
        // it outlived that first removal.
        await this.remove(uploadId).catch(() => {});
        throw refusal;
      }
      throw err;
    }
  }
}
