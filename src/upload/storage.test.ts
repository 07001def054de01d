import { describe, expect, it } from 'vitest';
import { createKeyValueUrlStorage, createMemoryKeyValueStore, defaultUrlStorage, forgetFingerprint } from './storage';

const entry = (uploadUrl: string) => ({ size: 10, metadata: { jobId: 'job_1' }, creationTime: 'now', uploadUrl });

describe('key-value URL storage', () => {
  it('keeps one upload per fingerprint and finds it again', async () => {
    const kv = createMemoryKeyValueStore();
    const storage = createKeyValueUrlStorage(kv);
    const key = await storage.addUpload('job_1:a.pdf:10:1', entry('http://x/files/1'));
    expect(await storage.addUpload('job_1:a.pdf:10:1', entry('http://x/files/2'))).toBe(key);
    await storage.addUpload('job_2:a.pdf:10:1', entry('http://x/files/3'));

    const found = await storage.findUploadsByFingerprint('job_1:a.pdf:10:1');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ uploadUrl: 'http://x/files/2', urlStorageKey: key, parallelUploadUrls: null });
    expect(await storage.findAllUploads()).toHaveLength(2);

    // A second storage over the same store (a reload) sees the same entries.
    const reloaded = createKeyValueUrlStorage(kv);
    expect(await reloaded.findUploadsByFingerprint('job_2:a.pdf:10:1')).toHaveLength(1);

    await forgetFingerprint(reloaded, 'job_1:a.pdf:10:1');
    expect(await storage.findUploadsByFingerprint('job_1:a.pdf:10:1')).toEqual([]);
  });

  it('ignores corrupt entries and foreign keys', async () => {
    const kv = createMemoryKeyValueStore();
    kv.setItem('filecheck-upload::bad', '{not json');
    kv.setItem('other-app', '{}');
    const storage = createKeyValueUrlStorage(kv);
    expect(await storage.findUploadsByFingerprint('bad')).toEqual([]);
    expect(await storage.findAllUploads()).toEqual([]);
  });

  it('falls back to memory where there is no localStorage (Node)', async () => {
    const storage = defaultUrlStorage();
    await storage.addUpload('fp', entry('http://x/files/1'));
    expect(await storage.findUploadsByFingerprint('fp')).toHaveLength(1);
  });
});
