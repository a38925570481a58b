/** Gives components the app's `RunController` (start, pause, step, reset, export). */
import { createContext, useContext } from 'react';
import type { RunController } from './controller';

export const ControllerContext = createContext<RunController | null>(null);

export function useController(): RunController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController() needs a <ControllerContext.Provider>');
  return controller;
}
