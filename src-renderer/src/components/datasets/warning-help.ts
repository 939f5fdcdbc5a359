/** What each import warning means for the person deciding what to keep. */
export const warningHelp: Record<string, string> = {
  'negative-consumption':
    'Consumption cannot be negative: long negative stretches usually mean the meter clamp is installed backwards. The sign flip in cleaning corrects it.',
  spikes:
    'Readings around ±1 MW next to gaps are transmission glitches, not real power. The spike filter treats them as missing.',
  'zero-runs':
    'The export scripts filled outages with rows of zeros, so a run of all-zero rows is a gap, not a house using nothing. Cleaning treats them as missing and can drop days dominated by them.',
  'flat-lines':
    'The same value repeated for hours is a stuck meter or a filled gap rather than real consumption.',
  'p-tot-mismatch':
    'p_tot should equal p_cons + p_prod (net power from the grid); a mismatch points at a meter configuration change.',
  'mixed-intervals':
    'Some readings are not on the dataset’s sampling grid; the cleaned series places them on the nearest slot.',
  'conflicting-duplicates':
    'Two files gave different values for the same instant; the first reading with a value was kept.',
  'naive-timestamps':
    'These timestamps carry no zone. They were read as UTC or as local time by the `day` column test; if the days look shifted, choose “Timestamps without a zone” in Import options and open the files again.',
  'no-readings': 'The file lists this home but every p_cons cell is empty.',
  'implausible-timestamps':
    'Timestamps before 2000 or more than a year ahead come from a meter whose clock was reset or from a damaged export; those rows were left out.',
  'day-mismatch':
    'The `day` column should be the local date of ts; rows where it is not point at a clock or zone problem in the export. The dataset’s days follow ts.',
  'column-ignored':
    'A column the importer does not know holds text, not numbers, so it was left out; the power columns and the other series were imported.',
}
