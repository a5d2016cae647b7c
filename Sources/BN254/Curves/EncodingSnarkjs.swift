// snarkjs (through ffjavascript) writes points in Jacobian coordinates as decimal strings:
// affine points with z = 1, infinity as (0, 1, 0). Decoding accepts exactly those two forms
// (ffjavascript's `fromObject` would take any z; a strict reader gives each point one spelling),
// and checks every point to be on the curve and, for G2, in the order-r subgroup.

extension AffinePoint where Curve == G1Curve {
    /// Decodes snarkjs's G1 form ["x", "y", "z"] (decimal, Jacobian; z = "1" for affine points,
    /// z = "0" for infinity); rejects coordinates ≥ q and points off the curve.
    public init(snarkjsJSON coordinates: [String]) throws(CurveDecodingError) {
        let name = G1Curve.name
        guard coordinates.count == 3 else { throw .wrongShape(curve: name, expected: "3 decimal strings [x, y, z]") }
        let x = try Fq.parsingCoordinate(coordinates[0], curve: name, coordinate: "x")
        let y = try Fq.parsingCoordinate(coordinates[1], curve: name, coordinate: "y")
        let z = try Fq.parsingCoordinate(coordinates[2], curve: name, coordinate: "z")
        if z.isZero {
            guard x.isZero, y == .one else { throw .wrongShape(curve: name, expected: "infinity written as [\"0\", \"1\", \"0\"]") }
            self = .infinity
        } else {
            guard z == .one else { throw .wrongShape(curve: name, expected: "an affine point, z = \"1\" (or infinity [\"0\", \"1\", \"0\"])") }
            self = try G1Affine(x: x, y: y).validated()
        }
    }

    /// snarkjs's G1 form: ["x", "y", "1"], or ["0", "1", "0"] for infinity.
    public var snarkjsJSON: [String] {
        isInfinity ? ["0", "1", "0"] : [x.description, y.description, "1"]
    }
}

extension AffinePoint where Curve == G2Curve {
    /// Decodes snarkjs's G2 form [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]] (real part first,
    /// Jacobian); rejects coordinates ≥ q, points off the twist and points outside G2.
    public init(snarkjsJSON coordinates: [[String]]) throws(CurveDecodingError) {
        let name = G2Curve.name
        guard coordinates.count == 3, coordinates.allSatisfy({ $0.count == 2 }) else {
            throw .wrongShape(curve: name, expected: "3 pairs of decimal strings [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]")
        }
        var parsed: [Fq2] = []
        for (index, label) in ["x", "y", "z"].enumerated() {
            let c0 = try Fq.parsingCoordinate(coordinates[index][0], curve: name, coordinate: label + ".c0")
            let c1 = try Fq.parsingCoordinate(coordinates[index][1], curve: name, coordinate: label + ".c1")
            parsed.append(Fq2(c0, c1))
        }
        if parsed[2].isZero {
            guard parsed[0].isZero, parsed[1] == .one else {
                throw .wrongShape(curve: name, expected: "infinity written as [[\"0\", \"0\"], [\"1\", \"0\"], [\"0\", \"0\"]]")
            }
            self = .infinity
        } else {
            guard parsed[2] == .one else { throw .wrongShape(curve: name, expected: "an affine point, z = [\"1\", \"0\"] (or infinity)") }
            self = try G2Affine(x: parsed[0], y: parsed[1]).validated()
        }
    }

    /// snarkjs's G2 form [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]], or [["0", "0"], ["1", "0"],
    /// ["0", "0"]] for infinity.
    public var snarkjsJSON: [[String]] {
        if isInfinity { return [["0", "0"], ["1", "0"], ["0", "0"]] }
        return [[x.c0.description, x.c1.description], [y.c0.description, y.c1.description], ["1", "0"]]
    }
}
