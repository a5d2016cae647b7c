/// The reference twin of `EvaluationDomain` for tests: the DFT by its definition (Cormen et al.,
/// "Introduction to Algorithms", §30.2), y_j = Σ_i a_i·root^(i·j) for j < n = coefficients.count,
/// each value by Horner's rule at root^j, in O(n²) multiplications.
public func naiveDFT(_ coefficients: [Fr], root: Fr) -> [Fr] {
    var point = Fr.one
    var evaluations: [Fr] = []
    evaluations.reserveCapacity(coefficients.count)
    for _ in coefficients.indices {
        evaluations.append(coefficients.reversed().reduce(Fr.zero) { $0 * point + $1 })
        point *= root
    }
    return evaluations
}
