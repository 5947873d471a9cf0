// A data file main refused because it was never chosen in the lab (file-not-chosen) — typically an
// experiment stored before the lab kept its list of chosen files: which field of the data it is,
// so the Network lab can offer to choose that one file again and keep the rest of the experiment.
import { LabError } from '../../preload/contract';

type FileField = 'path' | 'images' | 'labels';

export function refusedFile(err: unknown): { field: FileField; file: string } | null {
  if (!(err instanceof LabError) || err.reason !== 'file-not-chosen') return null;
  // The field as the channel names it: data.path (preview), spec.data.images (start), …
  const field = String(err.params?.path ?? '').split('.').at(-1);
  if (field !== 'path' && field !== 'images' && field !== 'labels') return null;
  return { field, file: String(err.params?.file ?? '') };
}
