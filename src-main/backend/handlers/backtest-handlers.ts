import { BacktestService } from '../../training/backtest/backtest-service'
import type { BackendContext, Handlers } from '../context'

/** Walk-forward backtests: start one in the worker, list them, read one, read a fold's predictions. */
export function backtestHandlers(
  context: BackendContext,
): Pick<Handlers, 'backtest:start' | 'backtest:list' | 'backtest:get' | 'backtest:predictions'> {
  const backtests = new BacktestService(context)
  return {
    'backtest:start': (request) => backtests.start(request),
    'backtest:list': (filter) => backtests.list(filter),
    'backtest:get': ({ backtestId }) => backtests.get(backtestId),
    'backtest:predictions': (request) => backtests.predictions(request),
  }
}
