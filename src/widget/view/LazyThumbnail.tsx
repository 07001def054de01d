// The row's preview, in a chunk of its own that loads with the first row (the empty widget's first
// render does not need it; image-only products never need the proof chunk). Until it has loaded the
// row keeps an empty box of the preview's size; if it cannot load, the box says 'none' (a preview
// is a nicety: the verdict never depends on it).
import { useEffect, useState } from 'preact/hooks';
import type { FileRecord } from '../file-record';
import type { WidgetServices } from '../services';
import { thumbBox } from './thumb-box';

type ThumbnailModule = typeof import('./Thumbnail');
let loaded: ThumbnailModule | null = null;
let loading: Promise<ThumbnailModule> | null = null;

export function LazyThumbnail({ record, services }: { record: FileRecord; services: WidgetServices }) {
  const [mod, setMod] = useState<ThumbnailModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (mod) return;
    let live = true;
    loading ??= import('./Thumbnail').then((m) => (loaded = m));
    loading.then(
      (m) => live && setMod(m),
      () => {
        loading = null; // a later row may try again
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [mod]);
  if (!mod) return <span class="file__thumb" part="thumbnail" data-thumb={failed ? 'none' : 'pending'} aria-hidden="true" style={thumbBox} />;
  return <mod.Thumbnail record={record} pool={services.pool} />;
}
