// Worker entry: exposes the solver runtime to the UI through comlink.
import { expose } from 'comlink';
import { SolverRuntime } from './runtime';

expose(new SolverRuntime());
