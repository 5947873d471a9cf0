// One line of the bench table (and of out/bench-results.json).
export interface Row {
  name: string;
  value: number | null;
  unit: string;
  /** What the issue asks for, where it names a figure. */
  target?: string;
  status: 'measured' | 'pending';
  note?: string;
}
