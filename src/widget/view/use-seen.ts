// "Has this element come near the viewport yet?" for work that only visible rows deserve (previews,
// proof pages): a list of 300 files renders the dozen on screen, the rest when scrolled to. Once
// seen, an element stays seen (its work is queued, not cancelled, when it scrolls away).
import { useEffect, useRef, useState } from 'preact/hooks';

export function useSeen<T extends Element>(wanted: boolean): [{ current: T | null }, boolean] {
  const el = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (!wanted || seen || !el.current) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        io.disconnect();
      }
    }, { rootMargin: '200px 0px' });
    io.observe(el.current);
    return () => io.disconnect();
  }, [wanted, seen]);
  return [el, seen];
}
