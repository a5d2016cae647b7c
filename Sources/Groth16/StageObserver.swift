/// Told as a long operation (a setup, a proving-key load, a proof) enters each of its stages, for a
/// progress display: the stage's name, its number from 1, and the operation's stage count.
public typealias StageObserver = @Sendable (_ stage: String, _ number: Int, _ count: Int) -> Void

/// Numbers the stages of one operation as it reports them to an optional observer.
public struct StageCounter: Sendable {
    private let observer: StageObserver?
    private let count: Int
    private var number = 0

    /// A counter for an operation of `count` stages.
    public init(_ observer: StageObserver?, stages count: Int) {
        self.observer = observer
        self.count = count
    }

    /// Reports that the next stage, `stage`, begins.
    public mutating func begin(_ stage: String) {
        number += 1
        observer?(stage, number, count)
    }
}
