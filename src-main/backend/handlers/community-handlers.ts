import { CommunityService } from '../../community/community-service'
import type { BackendContext, Handlers } from '../context'

type CommunityChannels =
  | 'community:list'
  | 'community:get'
  | 'community:series'
  | 'community:update'
  | 'community:create'
  | 'community:delete'
  | 'community:buildTotal'

/** Communities: groups of homes, their total and report (src-main/community). */
export function communityHandlers(context: BackendContext): Pick<Handlers, CommunityChannels> {
  const communities = new CommunityService(context.library)
  return {
    'community:list': () => communities.list(),
    'community:get': ({ communityId }) => communities.get(communityId),
    'community:series': (request) => communities.series(request),
    'community:update': (request) => communities.update(request),
    'community:create': (request) => communities.create(request),
    'community:delete': ({ communityId }) => communities.delete(communityId),
    'community:buildTotal': (request) => communities.buildTotal(request),
  }
}
