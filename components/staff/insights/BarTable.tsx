import { SUPPRESSED } from "@/components/staff/insights/format";

// A chart that is a table: each row has its label, a bar (a CSS width, hidden from screen readers, which read
// the numbers next to it instead) and the numbers behind it. Screen readers, print and copy-paste get the
// figures; nothing is drawn in a script.

export type BarRow = { key: string; label: string; sub?: string; value: string; share: string; width: string };

/** A figure as text; a withheld one is marked so the legend explains it, and named for screen readers. */
export function Figure({ text, withheld }: { text: string; withheld: string }) {
  if (text !== SUPPRESSED) return <>{text}</>;
  return (
    <span className="insights-suppressed" title={withheld}>
      <span aria-hidden="true">{text}</span>
      <span className="visually-hidden">{withheld}</span>
    </span>
  );
}

export function BarTable({
  caption,
  columns,
  rows,
  empty,
  withheld,
}: {
  caption: string;
  withheld: string;
  columns: { item: string; chart: string; value: string; share: string };
  rows: BarRow[];
  empty: string;
}) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table insights-bars">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{columns.item}</th>
          <th scope="col" className="insights-bars__chart">
            <span className="visually-hidden">{columns.chart}</span>
          </th>
          <th scope="col" className="insights-num">
            {columns.value}
          </th>
          <th scope="col" className="insights-num">
            {columns.share}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className="insights-bars__label">
              {row.label}
              {row.sub ? <span className="insights-bars__sub">{row.sub}</span> : null}
            </th>
            <td className="insights-bars__chart">
              <span className="insights-bar" style={{ width: row.width }} aria-hidden="true" />
            </td>
            <td className="insights-num">
              <Figure text={row.value} withheld={withheld} />
            </td>
            <td className="insights-num">
              <Figure text={row.share} withheld={withheld} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
