import { Text } from '@mantine/core';
import { useUnit } from '../../api/queries.ts';

/** A unit's code (e.g. KZ-ALA-PCU) looked up by id; cached per session. */
export function UnitCode({ id }: { id: string | null | undefined }) {
  const unit = useUnit(id);
  if (!id) return null;
  return (
    <Text span size="sm" className="mono">
      {unit.data?.code ?? '…'}
    </Text>
  );
}
