/**
 * The default community of a household: the letters its id starts with (`CDB001` → `CDB`,
 * `ECHL05` → `ECHL`), the way Voisin d'Énergie names the homes of one community. Null when the id
 * does not start with a letter.
 */
export function communityNameForHome(home: string): string | null {
  const prefix = /^[A-Za-z]+/.exec(home.trim())?.[0]
  return prefix ? prefix.toUpperCase() : null
}

/** The dataset name of a community's total (kept short: it is shown wherever a home id is). */
export function totalHomeName(communityName: string): string {
  return `${communityName}-total`
}
