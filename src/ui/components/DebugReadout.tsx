/** tfjs memory of the worker and how often it was restarted: for the curious and for tests. */
import { useAppStore } from '../../store';
import { megabytes } from '../format';

export function DebugReadout() {
  const memory = useAppStore((s) => s.memory);
  const restarts = useAppStore((s) => s.restarts);
  const adapter = useAppStore((s) => s.backend?.adapter ?? '');
  const error = useAppStore((s) => s.error);
  return (
    <footer className="debug-readout" aria-label="Diagnostics">
      <span title="Tensors alive in the worker (tf.memory)">
        Tensors <b>{memory ? memory.numTensors.toLocaleString('en-US') : '—'}</b>
      </span>
      <span title="Bytes held by tfjs tensors">
        Memory <b>{memory ? megabytes(memory.numBytes) : '—'}</b>
      </span>
      {memory?.gpuBytes != null && (
        <span title="GPU bytes held by the backend">
          GPU <b>{megabytes(memory.gpuBytes)}</b>
        </span>
      )}
      <span title="Times the worker crashed and was restarted from the run log">
        Worker restarts <b data-testid="status.restarts">{restarts}</b>
      </span>
      {adapter !== '' && (
        <span className="adapter" title="GPU adapter">
          {adapter}
        </span>
      )}
      {error !== null && (
        <span className="debug-error" role="alert">
          {error}
        </span>
      )}
    </footer>
  );
}
