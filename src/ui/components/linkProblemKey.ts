/** Which sentence of the `share` namespace explains a problem of a share link. */
import type { LinkProblem } from '../../nas/shareLink';

/**
 * `problem.<code>`, which puts the option's path before the detail, unless the detail already
 * names its option (its message has a `label`): then `problem.named`, the detail alone, so a
 * link with `fidelity=x` does not read "fidelity: Fidelity: …".
 */
export function linkProblemKey(problem: LinkProblem): string {
  return problem.detail?.params?.label === undefined ? `problem.${problem.code}` : 'problem.named';
}
