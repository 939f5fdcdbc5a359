/**
 * Energy communities (issue 11) across the process boundary: the `community:*` calls of the contract,
 * `communities --json` and `community <id> --json`. Instants are ISO-8601 UTC; energies in Wh.
 */
import { z } from 'zod'

const Id = z.number().int().positive()

export const CommunityHome = z.object({ datasetId: z.number().int(), home: z.string() })

/** One community as `communities --json` lists it. */
export const CommunitySummary = z.object({
  communityId: z.number().int(),
  name: z.string(),
  homes: z.array(CommunityHome),
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** the dataset holding its total, once built */
  totalDatasetId: z.number().int().nullable(),
})
export type CommunitySummary = z.infer<typeof CommunitySummary>

export const CommunityDay = z.object({
  day: z.string(),
  homesComplete: z.number().int(),
  completeSlots: z.number().int(),
  slots: z.number().int(),
  consumptionWh: z.number(),
  productionWh: z.number(),
  selfSufficiency: z.number().nullable(),
  selfConsumption: z.number().nullable(),
})

export const TotalMember = z.object({
  datasetId: z.number().int(),
  home: z.string(),
  included: z.boolean(),
  coverage: z.number(),
  reason: z.string().nullable(),
  signFlip: z.enum(['recipe', 'auto']).nullable(),
  /** days whose sign was flipped for the sums (recorded backwards) */
  flippedDays: z.number().int(),
})
export type TotalMember = z.infer<typeof TotalMember>

export const HomeShare = z.object({
  datasetId: z.number().int(),
  home: z.string(),
  included: z.boolean(),
  consumptionShare: z.number().nullable(),
  coverage: z.number(),
  flags: z.array(z.string()),
  reason: z.string().nullable(),
})

/** Everything the community view shows, and `community <id> --json`. */
export const CommunityDetail = CommunitySummary.extend({
  days: z.array(CommunityDay),
  selfSufficiency: z.number().nullable(),
  selfConsumption: z.number().nullable(),
  consumptionWh: z.number(),
  productionWh: z.number(),
  /** which homes the total includes and why the others were left out */
  total: z.object({ members: z.array(TotalMember), completeShare: z.number(), intervalSeconds: z.number() }),
  shares: z.array(HomeShare),
  /** homes × days completeness: `dayList` gives the columns */
  dayList: z.array(z.string()),
  matrix: z.array(
    z.object({
      datasetId: z.number().int(),
      home: z.string(),
      completeness: z.array(z.number().nullable()),
      kept: z.array(z.number()),
    }),
  ),
})
export type CommunityDetail = z.infer<typeof CommunityDetail>

/** The community chart: sums over the homes reporting at each point, the count, and the complete total. */
export const CommunitySeries = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  bucketMs: z.number(),
  x: z.array(z.number()),
  /** mean over the bucket of the sums over the reporting homes, watts (null: nobody reported) */
  consumption: z.array(z.number().nullable()),
  production: z.array(z.number().nullable()),
  net: z.array(z.number().nullable()),
  /** mean number of homes reporting */
  reporting: z.array(z.number()),
  /** the total over the included homes (null where one of them is missing) */
  total: z.array(z.number().nullable()),
  homes: z.number().int(),
})
export type CommunitySeries = z.infer<typeof CommunitySeries>

export const CommunityRef = z.object({ communityId: Id }).strict()

export const CommunityUpdateRequest = z
  .object({
    communityId: Id,
    name: z.string().trim().min(1).max(100).optional(),
    add: z.array(Id).max(1000).optional(),
    remove: z.array(Id).max(1000).optional(),
  })
  .strict()

export const CommunityCreateRequest = z
  .object({ name: z.string().trim().min(1).max(100), datasetIds: z.array(Id).max(1000) })
  .strict()

export const CommunitySeriesRequest = z
  .object({
    communityId: Id,
    fromMs: z.number().finite().optional(),
    toMs: z.number().finite().optional(),
    points: z.number().int().min(10).max(5000).optional(),
  })
  .strict()

export const BuildTotalRequest = z
  .object({
    communityId: Id,
    /** only these homes, all of them kept (or, with `choose`, the app chooses among them) */
    homes: z.array(Id).min(1).max(1000).optional(),
    choose: z.boolean().optional(),
  })
  .strict()

export const BuildTotalResult = z.object({
  datasetId: z.number().int(),
  rebuilt: z.boolean(),
  members: z.array(TotalMember),
  completeShare: z.number(),
})
