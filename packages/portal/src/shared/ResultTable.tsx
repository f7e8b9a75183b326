import { Table } from 'antd';
import type { Cell } from '../api.ts';

/** A query result as a table; columns as the engine names them, values as text. */
export function ResultTable({ columns, rows, testId }: { columns: { name: string; type: string }[]; rows: Cell[][]; testId?: string }) {
  return (
    <Table
      data-testid={testId}
      size="small"
      bordered
      scroll={{ x: 'max-content' }}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      rowKey={(_r, i) => String(i)}
      dataSource={rows.map((r, i) => ({ __i: i, cells: r }))}
      columns={columns.map((c, ci) => ({
        key: `${ci}`,
        title: (
          <span title={c.type}>
            {c.name}
          </span>
        ),
        render: (_: unknown, row: { cells: Cell[] }) => {
          const v = row.cells[ci];
          return v === null || v === undefined ? <span style={{ color: '#bbb' }}>NULL</span> : String(v);
        },
      }))}
    />
  );
}
