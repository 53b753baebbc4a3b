import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart } from './svg-chart.ts';

describe('renderChart', () => {
  it('draws one panel per policy with a path per series and a legend', () => {
    const series = (label: string, k: number) => ({
      label,
      color: '#123456',
      points: [0, 60, 120].map((x) => [x, x * k] as const),
    });
    const svg = renderChart('step <trace>', 'scaled ×0.01', [
      { title: 'kpa', series: [series('demand', 1), series('desired', 2)] },
      { title: 'redline', series: [series('ready', 0.5)] },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('step &lt;trace&gt;');
    expect(svg).toContain('>redline<');
  });

  it('skips non-finite points instead of writing NaN into the path', () => {
    const svg = renderChart('t', 's', [
      {
        title: 'p',
        series: [
          {
            label: 'x',
            color: 'red',
            points: [
              [0, 1],
              [1, Number.NaN],
              [2, 3],
            ],
          },
        ],
      },
    ]);
    expect(svg).not.toContain('NaN');
  });

  it('escapes XML', () => {
    expect(escapeXml(`a<b & "c"`)).toBe('a&lt;b &amp; &quot;c&quot;');
  });
});
