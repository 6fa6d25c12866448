// The empty row a virtualized table puts above and below its rendered rows, so the scrollbar
// covers the whole list while only the visible rows are in the DOM (TanStack Virtual's offsets).
export function SpacerRow({ height, cols }: { height: number; cols: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden="true" style={{ height }}>
      <td colSpan={cols} />
    </tr>
  );
}
