import Testing

import BN254

/// ecAdd and ecMul against the go-ethereum, erigon and besu-native vectors in
/// `Vectors/bn254-precompiles/` (see its README for sources and licenses).
@Suite("EVM precompile vectors")
struct PrecompileVectorTests {
    typealias Precompile = ([UInt8]) throws(EVMPrecompileError) -> [UInt8]

    /// Runs every case of a go-ethereum-style file; returns the number of cases run.
    func checkGethFile(_ file: String, _ precompile: Precompile) throws -> Int {
        let cases = try VectorSupport.gethCases("bn254-precompiles/" + file)
        for vector in cases {
            let label = "\(file) \(vector.Name)"
            guard let input = VectorSupport.bytes(fromHex: vector.Input) else {
                Issue.record("\(label): input is not hex")
                continue
            }
            do {
                let output = try precompile(input)
                if let expected = vector.Expected {
                    #expect(output == VectorSupport.bytes(fromHex: expected), "\(label): wrong output")
                } else {
                    Issue.record("\(label): expected failure \(vector.ExpectedError ?? "?"), got success")
                }
            } catch {
                #expect(vector.Expected == nil, "\(label): unexpected failure \(error)")
            }
        }
        return cases.count
    }

    /// Runs every row of a besu-native CSV file; returns (rows, rows that must fail).
    func checkBesuFile(_ file: String, _ precompile: Precompile) throws -> (rows: Int, failing: Int) {
        let rows = try VectorSupport.besuRows("bn254-precompiles/" + file)
        for row in rows {
            let label = "\(file) line \(row.line)"
            guard let input = VectorSupport.bytes(fromHex: row.input) else {
                Issue.record("\(label): input is not hex")
                continue
            }
            do {
                let output = try precompile(input)
                if row.mustFail {
                    Issue.record("\(label): expected failure (\(row.notes)), got success")
                } else {
                    #expect(output == VectorSupport.bytes(fromHex: row.result), "\(label): wrong output")
                }
            } catch {
                #expect(row.mustFail, "\(label): unexpected failure \(error)")
            }
        }
        return (rows.count, rows.filter(\.mustFail).count)
    }

    @Test func gethAdd() throws {
        #expect(try checkGethFile("bn256Add.json", EVMPrecompile.ecAdd) == 16)
    }

    @Test func gethScalarMul() throws {
        #expect(try checkGethFile("bn256ScalarMul.json", EVMPrecompile.ecMul) == 19)
    }

    /// marius1: 255 hex digits, so 127 whole bytes, right-padded. The first point is on the curve
    /// (contrary to the vector README); the second, whose last byte the padding zeroes, is not.
    @Test func erigonFailAdd() throws {
        #expect(try checkGethFile("fail-bn256Add.json", EVMPrecompile.ecAdd) == 1)
        let input = VectorSupport.bytes(fromHex: try VectorSupport.gethCases("bn254-precompiles/fail-bn256Add.json")[0].Input)!
        #expect(input.count == 127)
        #expect(throws: EVMPrecompileError.invalidPoint(operand: 2, reason: .notOnCurve(curve: "G1"))) {
            try EVMPrecompile.ecAdd(input)
        }
    }

    @Test func gethPairing() throws {
        #expect(try checkGethFile("bn256Pairing.json", EVMPrecompile.ecPairing) == 14)
    }

    @Test func besuPairing() throws {
        let counts = try checkBesuFile("besu-native-eip196_pairing.csv", EVMPrecompile.ecPairing)
        #expect(counts.rows == 15)
        #expect(counts.failing == 1)
    }

    @Test func pairingInputLength() {
        #expect(throws: EVMPrecompileError.invalidPairingInputLength(191)) {
            try EVMPrecompile.ecPairing([UInt8](repeating: 0, count: 191))
        }
        #expect(try! EVMPrecompile.ecPairing([]).last == 1)  // the empty product is 1
    }

    @Test func besuAdd() throws {
        let counts = try checkBesuFile("besu-native-eip196_g1_add.csv", EVMPrecompile.ecAdd)
        #expect(counts.rows == 109)
        #expect(counts.failing == 6)
    }

    @Test func besuMul() throws {
        let counts = try checkBesuFile("besu-native-eip196_g1_mul.csv", EVMPrecompile.ecMul)
        #expect(counts.rows == 108)
        #expect(counts.failing == 4)
    }

    @Test func paddingAndTruncation() throws {
        let g = G1Curve.generator.eip196Bytes
        let twoG = try EVMPrecompile.ecAdd(g + g)
        #expect(try EVMPrecompile.ecAdd(g + g + [1, 2, 3]) == twoG)  // extra bytes ignored
        #expect(try EVMPrecompile.ecAdd(g) == g)  // missing second point reads as infinity
        #expect(try EVMPrecompile.ecAdd([]) == [UInt8](repeating: 0, count: 64))
        #expect(try EVMPrecompile.ecMul(g + [UInt8](repeating: 0, count: 31) + [2]) == twoG)
        #expect(try EVMPrecompile.ecMul(g + [UInt8](repeating: 0, count: 31) + [2] + [9]) == twoG)
        #expect(try EVMPrecompile.ecMul(g) == [UInt8](repeating: 0, count: 64))  // scalar reads as 0
    }

    @Test func errorsNameTheOperandAndCoordinate() {
        let g = G1Curve.generator.eip196Bytes
        let q = Fq.modulus.bigEndianBytes(count: 32)!
        #expect(throws: EVMPrecompileError.invalidPoint(
            operand: 2, reason: .coordinateNotBelowModulus(curve: "G1", coordinate: "y"))) {
            try EVMPrecompile.ecAdd(g + Array(g[0..<32]) + q)
        }
        #expect(throws: EVMPrecompileError.invalidPoint(
            operand: 1, reason: .coordinateNotBelowModulus(curve: "G1", coordinate: "x"))) {
            try EVMPrecompile.ecMul(q + Array(g[32..<64]))
        }
    }
}
