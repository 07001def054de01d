/** @jsxImportSource react */
import { useRef, useState } from 'react';
import { FilecheckIntake, type FilecheckIntakeHandle } from '@filecheck/intake/react';
import type { StatusPayload } from '@filecheck/intake';

const SIZES = { a5: { width_mm: 148, height_mm: 210 }, a4: { width_mm: 210, height_mm: 297 } };
type Size = keyof typeof SIZES;

export function ProductForm({ endpoint }: { endpoint?: string }) {
  const intake = useRef<FilecheckIntakeHandle>(null);
  const [size, setSize] = useState<Size>('a5');
  const [status, setStatus] = useState<StatusPayload | null>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <form action="/cart/add" method="post">
      <label>
        Size{' '}
        <select name="size" value={size} onChange={(e) => setSize(e.target.value as Size)}>
          <option value="a5">A5</option>
          <option value="a4">A4</option>
        </select>
      </label>
      <button type="button" onClick={() => intake.current?.focus()}>Upload your artwork</button>
      <FilecheckIntake
        ref={intake}
        publishableKey="pk_test_demo"
        endpoint={endpoint}
        workflowId="wf_e2e_flyer"
        context={{ artworkSize: SIZES[size] }}
        gate={{ buttons: '#buy' }}
        onStatus={setStatus}
        onError={(e) => setError(e.message)}
      />
      <p id="order-status">{status ? `${status.status}${status.canProceed ? ', ready to order' : ''}` : 'Loading…'}</p>
      <p id="job">{status?.jobId ? `Job ${status.jobId}` : 'No job yet'}</p>
      {error && <p role="alert">{error}</p>}
      {/* The intake keeps this button disabled until the artwork can be printed. */}
      <button id="buy" type="submit">Add to cart</button>
    </form>
  );
}
