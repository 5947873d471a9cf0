// The error-surface lab's engine: surfaces with analytic derivatives, grids for drawing them,
// critical-point analysis and optimizer races. Import from here, not from the files.
export { SURFACES, requireSurface } from './functions';
export { surfaceGrid, surfaceInfo } from './grid';
export { analyzePoint, classify } from './critical';
export { createContestant, createRace, raceLabels, raceSteps, runRace } from './race';
