/** The supernets of the one-shot strategies (issue #18): see nb201Supernet.ts. */
export { createDartsSupernet, createNb201Supernet, Nb201Supernet, Supernet } from './nb201Supernet';
