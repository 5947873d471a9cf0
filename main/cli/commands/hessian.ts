// `lab hessian`: gradient, Hessian, eigen-decomposition and the kind of point (LECTURE §2).
import { point2, surfaceName, SURFACE_NAMES } from '../../../preload/spec';
import { analyzePoint } from '../../engine/surfaces';
import { defineCommand, printJson } from '../command';
import { UsageError } from '../text';

export default defineCommand({
  name: 'hessian',
  summary: { en: 'analyse a point of a surface: gradient, Hessian, eigenvalues, kind', zh: '分析曲面上的一点：梯度、Hessian、特征值、类型' },
  options: {
    fn: { kind: 'string', required: true, value: 'NAME', help: { en: `surface: ${SURFACE_NAMES.join(', ')}`, zh: `曲面：${SURFACE_NAMES.join(', ')}` } },
    at: { kind: 'point', required: true, value: 'X,Y', help: { en: 'the point (use --at=-1,2 for negative x)', zh: '分析的点（x 为负时写 --at=-1,2）' } },
    json: { kind: 'boolean', help: { en: 'print one JSON object', zh: '输出一个 JSON 对象' } },
  },
  run({ options: o }, io) {
    const fn = surfaceName.safeParse(o.fn);
    if (!fn.success) {
      const m = `--fn: unknown surface "${o.fn}"; expected one of ${SURFACE_NAMES.join(', ')}`;
      throw new UsageError({ en: m, zh: `--fn：未知曲面 "${o.fn}"；可选：${SURFACE_NAMES.join(', ')}` });
    }
    const at = point2.parse(o.at);
    const a = analyzePoint(fn.data, at);
    if (o.json) {
      const { gradient, hessian, eigenvalues, eigenvectors, kind, escapeDirection, loss } = a;
      printJson(io, { fn: a.fn, at: a.at, gradient, hessian, eigenvalues, eigenvectors, kind, escapeDirection, loss });
      return;
    }
    const lines = [
      `${a.fn} at (${a.at[0]}, ${a.at[1]}): ${a.kind}`,
      `loss: ${a.loss}`,
      `gradient: [${a.gradient.join(', ')}]  (norm ${a.gradientNorm})`,
      `hessian: [[${a.hessian[0].join(', ')}], [${a.hessian[1].join(', ')}]]`,
      `eigenvalues: ${a.eigenvalues[0]} with [${a.eigenvectors[0].join(', ')}], ${a.eigenvalues[1]} with [${a.eigenvectors[1].join(', ')}]`,
      ...(a.escapeDirection ? [`escape direction: [${a.escapeDirection.join(', ')}]`] : []),
    ];
    io.out(lines.join('\n') + '\n');
  },
});
