/**
 * The machine's compute setting (src/train/compute.ts), remembered in this browser: it says what
 * this machine's hardware is good at, so it belongs to the browser, not to a run or a link.
 */
import { isComputePreference, type ComputePreference } from '../train/compute';

const STORAGE_KEY = 'nas-playground.compute';

export function storedCompute(): ComputePreference {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isComputePreference(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

export function saveCompute(preference: ComputePreference): void {
  try {
    if (preference === 'auto') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Storage may be disabled (private mode): the choice then lasts for this visit only.
  }
}
