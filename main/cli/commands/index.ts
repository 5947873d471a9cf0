// Every `lab` command, in the order `lab help` lists them. Add a command by adding its module here.
import type { Command } from '../command';
import analyze from './analyze';
import backup from './backup';
import bundle from './bundle';
import course from './course';
import exportRun from './export';
import restore from './restore';
import resume from './resume';
import hessian from './hessian';
import run from './run';
import runs from './runs';
import surface from './surface';

export const commands: readonly Command[] = [surface, hessian, run, runs, exportRun, bundle, analyze, course, backup, restore, resume];
