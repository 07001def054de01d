// Persistence of "fingerprint → tus upload URL", so a file selected again after a page reload
// continues where the server stopped. Same shape as tus-js-client's UrlStorage.
//
// Our storages keep ONE upload per fingerprint: adding again replaces the entry. The fingerprint
// carries the job id, so an entry never crosses jobs, and retries that re-save the same URL
// cannot pile up duplicates.

export interface StoredUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  urlStorageKey: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}

export interface UrlStorage {
  findAllUploads(): Promise<StoredUpload[]>;
  findUploadsByFingerprint(fingerprint: string): Promise<StoredUpload[]>;
  removeUpload(urlStorageKey: string): Promise<void>;
  /** Returns the key under which the upload was stored. */
  addUpload(fingerprint: string, upload: Omit<StoredUpload, 'urlStorageKey' | 'parallelUploadUrls'> & Partial<StoredUpload>): Promise<string>;
}

/** The subset of the Web Storage API we use; `localStorage` fits, so does a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

export const URL_STORAGE_PREFIX = 'filecheck-upload::';

export function createKeyValueUrlStorage(store: KeyValueStore, prefix = URL_STORAGE_PREFIX): UrlStorage {
  const read = (key: string): StoredUpload | null => {
    try {
      const raw = store.getItem(key);
      if (!raw) return null;
      return { ...(JSON.parse(raw) as StoredUpload), urlStorageKey: key };
    } catch {
      // A corrupt entry must not break uploading; it is simply not resumable.
      return null;
    }
  };
  return {
    async findAllUploads() {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key?.startsWith(prefix)) keys.push(key);
      }
      return keys.map(read).filter((u): u is StoredUpload => u !== null);
    },
    async findUploadsByFingerprint(fingerprint) {
      const found = read(prefix + fingerprint);
      return found ? [found] : [];
    },
    async removeUpload(key) {
      store.removeItem(key);
    },
    async addUpload(fingerprint, upload) {
      const key = prefix + fingerprint;
      const entry = {
        size: upload.size,
        metadata: upload.metadata,
        creationTime: upload.creationTime,
        uploadUrl: upload.uploadUrl ?? null,
        parallelUploadUrls: upload.parallelUploadUrls ?? null,
      };
      try {
        store.setItem(key, JSON.stringify(entry));
      } catch {
        // Quota or privacy mode: uploading still works, only resume-after-reload is lost.
      }
      return key;
    },
  };
}

export function createMemoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

export function createMemoryUrlStorage(): UrlStorage {
  return createKeyValueUrlStorage(createMemoryKeyValueStore());
}

/** localStorage when it exists and accepts writes (not in Node, not in some privacy modes), else memory. */
export function defaultUrlStorage(): UrlStorage {
  try {
    const ls = (globalThis as { localStorage?: KeyValueStore }).localStorage;
    if (ls) {
      const probe = `${URL_STORAGE_PREFIX}probe`;
      ls.setItem(probe, '1');
      ls.removeItem(probe);
      return createKeyValueUrlStorage(ls);
    }
  } catch {
    // Access throws in sandboxed iframes and with storage disabled.
  }
  return createMemoryUrlStorage();
}

/** Remove every stored URL for a fingerprint (after success or cancel). */
export async function forgetFingerprint(storage: UrlStorage, fingerprint: string): Promise<void> {
  const found = await storage.findUploadsByFingerprint(fingerprint);
  await Promise.all(found.map((u) => storage.removeUpload(u.urlStorageKey)));
}
