import BN254

/// A rank-1 constraint system A·w ∘ B·w = C·w over BN254's Fr, with circom's wire layout
/// (iden3 r1csfile spec): wire 0 = 1, then nPubOut public outputs, nPubIn public inputs, nPrvIn
/// private inputs, then internal wires. Groth16 treats wires 1…nPublic as the public signals.
public struct R1CS: Equatable, Sendable {
    /// The total number of wires, wire 0 included.
    public let nWires: Int
    /// Public outputs: wires 1…nPublicOutputs.
    public let nPublicOutputs: Int
    /// Public inputs: the next nPublicInputs wires.
    public let nPublicInputs: Int
    /// Private inputs: the next nPrivateInputs wires.
    public let nPrivateInputs: Int
    /// The number of labels (signals in circom's `.sym`), header field nLabels.
    public let nLabels: UInt64
    /// The label id of each wire (section 3), or nil when the file has no map.
    public let wireLabels: [UInt64]?
    /// Left factors, one row per constraint.
    public let a: SparseMatrix
    /// Right factors, one row per constraint.
    public let b: SparseMatrix
    /// Products, one row per constraint.
    public let c: SparseMatrix

    /// A system from its parts; the counts must fit in nWires, the three matrices must have the
    /// same number of rows, wire ids must be < nWires and `wireLabels` must have nWires entries.
    public init(
        nWires: Int, nPublicOutputs: Int, nPublicInputs: Int, nPrivateInputs: Int,
        nLabels: UInt64, wireLabels: [UInt64]?, a: SparseMatrix, b: SparseMatrix, c: SparseMatrix
    ) {
        precondition(nPublicOutputs >= 0 && nPublicInputs >= 0 && nPrivateInputs >= 0)
        precondition(1 + nPublicOutputs + nPublicInputs + nPrivateInputs <= nWires, "signal counts exceed nWires")
        precondition(a.rowCount == b.rowCount && b.rowCount == c.rowCount, "A, B, C need the same number of rows")
        precondition(max(a.wireBound, b.wireBound, c.wireBound) <= nWires, "a wire id is not below nWires")
        precondition(wireLabels.map { $0.count == nWires } ?? true, "wireLabels needs one entry per wire")
        self.nWires = nWires
        self.nPublicOutputs = nPublicOutputs
        self.nPublicInputs = nPublicInputs
        self.nPrivateInputs = nPrivateInputs
        self.nLabels = nLabels
        self.wireLabels = wireLabels
        self.a = a
        self.b = b
        self.c = c
    }

    /// The number of constraints.
    public var constraintCount: Int { a.rowCount }

    /// nPubOut + nPubIn: the public signals are wires 1…nPublic (snarkjs `nPublic`).
    public var nPublic: Int { nPublicOutputs + nPublicInputs }

    /// The public signals of `witness` (wires 1…nPublic, the order of snarkjs `public.json`).
    public func publicSignals(of witness: Witness) -> ArraySlice<Fr> { witness.values[1..<(1 + nPublic)] }

    /// The first constraint that `witness` violates, or nil when all hold; throws when the
    /// witness has the wrong length or wire 0 is not 1.
    public func check(_ witness: Witness) throws(WitnessError) -> UnsatisfiedConstraint? {
        try Self.validate(witness.values, wireCount: nWires)
        let values = witness.values
        for row in 0..<constraintCount {
            let av = a.evaluate(row: row, at: values)
            let bv = b.evaluate(row: row, at: values)
            let cv = c.evaluate(row: row, at: values)
            if av * bv != cv { return UnsatisfiedConstraint(index: row, path: "", a: av, b: bv, c: cv) }
        }
        return nil
    }

    /// Checks that `values` has `wireCount` entries and starts with 1.
    static func validate(_ values: [Fr], wireCount: Int) throws(WitnessError) {
        guard values.count == wireCount else { throw .wrongWireCount(expected: wireCount, actual: values.count) }
        guard values[0].isOne else { throw .constantWireNotOne(value: values[0]) }
    }
}
