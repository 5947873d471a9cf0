// The error-surface lab's engine: surfaces with analytic derivatives, grids for drawing them,
// critical-point analysis and optimizer races. Import from here, not from the files.
export { SURFACES, requireSurface, type Surface, type Point, type Matrix2 } from './functions';
export { surfaceGrid, surfaceInfo, type Window } from './grid';
export { analyzePoint, classify, criticalPoints, EIGEN_TOLERANCE, GRADIENT_TOLERANCE, type KnownCriticalPoint } from './critical';
export { createContestant, createRace, raceLabels, raceSteps, runRace, type Contestant, type Race } from './race';
