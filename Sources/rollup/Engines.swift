import Pipeline

/// The engine for a circuit name: the one place the CLI learns which rollup engines exist.
/// No engine is registered yet; the Rollup module's engine plugs in here.
func engine(named name: String) -> BatchEngine? {
    nil
}

/// `engine(named:)` as the pipeline's resolver type.
let engineResolver: EngineResolver = { engine(named: $0) }
