import Pipeline
import Rollup
import RollupEngine

/// The engine for a circuit name: the rollup engine of `Circuits/<name>/` (or
/// `$ROLLUP_CIRCUITS/<name>/`), nil when the name is unknown or its folder has no verification key.
func engine(named name: String) -> BatchEngine? {
    guard let bundle = CircuitBundle.named(name) else { return nil }
    return try? RollupBatchEngine(bundle: bundle)
}

/// `engine(named:)` as the pipeline's resolver type.
let engineResolver: EngineResolver = { engine(named: $0) }
