/**
 * Entry of a work-pool thread (work-pool.ts): serves the tasks of pool-tasks.ts. Built as its own bundle entry
 * (`out/main/pool-thread.js`) so it can be started next to the running code.
 */
import { POOL_TASKS } from './pool-tasks'
import { serveTasks } from './pool-thread-runtime'

serveTasks(POOL_TASKS)
