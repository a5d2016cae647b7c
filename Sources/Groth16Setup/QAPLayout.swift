import BN254
import Circuit
import SnarkjsBinary
import Groth16

/// An R1CS arranged as snarkjs arranges its quadratic arithmetic program: the domain covers the
/// constraints plus one extra row per public wire (wire 0 included) with A[m + i][i] = 1, which
/// makes the public wires' polynomials linearly independent; the matrices are also transposed
/// into one column per wire, since every key element is a per-wire sum over rows.
struct QAPLayout {
    /// One (row, coefficient) entry of a wire's column.
    struct Entry {
        var row: Int32
        var coefficient: Fr
    }

    /// A sparse matrix stored by column: entries of wire i are entries[starts[i]..<starts[i + 1]].
    struct Columns {
        var starts: [Int]
        var entries: [Entry]

        subscript(wire: Int) -> ArraySlice<Entry> { entries[starts[wire]..<starts[wire + 1]] }

        init(rows: Int, wires: Int, row: (Int) -> ArraySlice<SparseTerm>, extra: [(row: Int, wire: Int)] = []) {
            var counts = [Int](repeating: 0, count: wires + 1)
            for r in 0..<rows { for term in row(r) { counts[Int(term.wire) + 1] += 1 } }
            for item in extra { counts[item.wire + 1] += 1 }
            for i in 0..<wires { counts[i + 1] += counts[i] }
            starts = counts
            var cursor = counts
            entries = [Entry](repeating: Entry(row: 0, coefficient: .zero), count: counts[wires])
            for r in 0..<rows {
                for term in row(r) {
                    entries[cursor[Int(term.wire)]] = Entry(row: Int32(r), coefficient: term.coefficient)
                    cursor[Int(term.wire)] += 1
                }
            }
            for item in extra {
                entries[cursor[item.wire]] = Entry(row: Int32(item.row), coefficient: .one)
                cursor[item.wire] += 1
            }
        }
    }

    let domainSize: Int
    let publicCount: Int
    let wireCount: Int
    let a: Columns
    let b: Columns
    let c: Columns
    /// The zkey coefficient section in snarkjs's order.
    let coefficients: [ProvingKey.Coefficient]

    init(_ r1cs: R1CS) throws(SetupError) {
        let rows = r1cs.constraintCount + r1cs.nPublic + 1
        guard let domain = EvaluationDomain(covering: rows), domain.log2Size < 28 else {
            throw .circuitTooLarge(rows: rows)
        }
        domainSize = domain.size
        publicCount = r1cs.nPublic
        wireCount = r1cs.nWires
        let m = r1cs.constraintCount
        let publicRows = (0...r1cs.nPublic).map { (row: m + $0, wire: $0) }
        a = Columns(rows: m, wires: wireCount, row: { r1cs.a[$0] }, extra: publicRows)
        b = Columns(rows: m, wires: wireCount, row: { r1cs.b[$0] })
        c = Columns(rows: m, wires: wireCount, row: { r1cs.c[$0] })
        // snarkjs's order (`zkey_new.js`), which `zkey verify` compares byte for byte: each
        // constraint's A terms then its B terms, then the public rows.
        var coefficients: [ProvingKey.Coefficient] = []
        for row in 0..<m {
            for (matrix, source) in [(UInt32(0), r1cs.a), (UInt32(1), r1cs.b)] {
                for term in source[row] {
                    coefficients.append(.init(matrix: matrix, constraint: UInt32(row), signal: term.wire, value: term.coefficient))
                }
            }
        }
        for item in publicRows {
            coefficients.append(.init(matrix: 0, constraint: UInt32(item.row), signal: UInt32(item.wire), value: .one))
        }
        self.coefficients = coefficients
    }

    /// Σ_rows coefficient·values[row] for each wire of `columns`: a column evaluated at τ when
    /// `values` holds L_row(τ).
    func evaluate(_ columns: Columns, at values: [Fr]) -> [Fr] {
        (0..<wireCount).map { wire in
            columns[wire].reduce(Fr.zero) { $0 + $1.coefficient * values[Int($1.row)] }
        }
    }
}

/// Why a proving key could not be generated.
public enum SetupError: Error, Equatable, CustomStringConvertible {
    /// The circuit needs a domain beyond 2^27 rows (the 2n quotient domain must fit 2^28).
    case circuitTooLarge(rows: Int)
    /// The powers-of-tau file is unusable for this circuit.
    case powersOfTau(BinaryFormatError)

    public var description: String {
        switch self {
        case let .circuitTooLarge(rows): return "the circuit needs \(rows) rows; Groth16 over BN254 supports up to 2^27"
        case let .powersOfTau(error): return error.description
        }
    }
}
