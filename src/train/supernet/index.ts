/** The NAS-Bench-201 supernet of the one-shot strategies (issue #18): see nb201Supernet.ts. */
export { createNb201Supernet, Nb201Supernet } from './nb201Supernet';
