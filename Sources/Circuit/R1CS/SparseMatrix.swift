import BN254

/// One nonzero entry `coefficient · w[wire]` of an R1CS row (iden3 r1csfile: u32 wireId and a
/// field element).
public struct SparseTerm: Equatable, Sendable {
    /// The wire id (< nWires).
    public var wire: UInt32
    /// The coefficient.
    public var coefficient: Fr

    /// The term `coefficient · w[wire]`.
    public init(wire: UInt32, coefficient: Fr) {
        self.wire = wire
        self.coefficient = coefficient
    }
}

/// One of the A, B, C matrices of an R1CS in compressed-row form: row i (constraint i) is
/// `terms[rowStarts[i] ..< rowStarts[i + 1]]`, with terms in file order. One allocation for all rows.
public struct SparseMatrix: Equatable, Sendable {
    /// Where each row starts in `terms`, plus the end of the last row.
    public private(set) var rowStarts: [Int] = [0]
    /// All rows' terms, row after row.
    public private(set) var terms: [SparseTerm] = []

    /// An empty matrix.
    public init() {}

    /// The number of rows (constraints).
    public var rowCount: Int { rowStarts.count - 1 }

    /// Row `row`'s terms.
    public subscript(row: Int) -> ArraySlice<SparseTerm> { terms[rowStarts[row]..<rowStarts[row + 1]] }

    /// Reserves room for `rows` rows and `terms` terms in total.
    public mutating func reserveCapacity(rows: Int, terms termCount: Int) {
        rowStarts.reserveCapacity(rows + 1)
        terms.reserveCapacity(termCount)
    }

    /// Appends one term to the last row that `endRow()` has not closed yet.
    mutating func append(_ term: SparseTerm) { terms.append(term) }

    /// Closes the current row.
    mutating func endRow() { rowStarts.append(terms.count) }

    /// Appends a whole row.
    public mutating func appendRow(_ row: some Sequence<SparseTerm>) {
        terms.append(contentsOf: row)
        endRow()
    }

    /// ⟨row, w⟩; every wire of the row must be a valid index of `values`.
    @inlinable
    public func evaluate(row: Int, at values: [Fr]) -> Fr {
        var sum = Fr.zero
        for term in self[row] { sum += term.coefficient * values[Int(term.wire)] }
        return sum
    }

    /// The largest wire id used plus one (0 for a matrix without terms).
    var wireBound: Int { terms.reduce(0) { max($0, Int($1.wire) + 1) } }
}
