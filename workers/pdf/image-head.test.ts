// Which objects read ahead are images (their samples after the dictionary need not be held, see
// pieces.ts): a wrong yes would cost a read again, a wrong no only memory.
import { describe, expect, it } from 'vitest';
import { imageHead } from './image-head';

const head = (text: string) => new TextEncoder().encode(text);

describe('imageHead', () => {
  it('says yes for an image XObject whose dictionary ends in the head, however it is spaced', () => {
    expect(imageHead(head('12 0 obj\n<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /Length 30000 >>\nstream\n\xff\xd8'))).toBe(true);
    expect(imageHead(head('7 0 obj<</Subtype/Image/ImageMask true/Length 9>>stream\r\n'))).toBe(true);
  });

  it('says no for other streams and for a dictionary cut short by the head', () => {
    expect(imageHead(head('3 0 obj\n<< /Length 44 /Filter /FlateDecode >>\nstream\nx\x9c'))).toBe(false); // a content stream
    expect(imageHead(head('4 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] >>\nstream\n'))).toBe(false);
    expect(imageHead(head('5 0 obj\n<< /Subtype /ImageB /Length 3 >>\nstream\n'))).toBe(false); // not the name /Image
    expect(imageHead(head('6 0 obj\n<< /Type /XObject /Subtype /Image /Width 10 /Decode [0 1 0 1'))).toBe(false); // no `stream` yet
  });
});
