extension ModelRegistry {
    /// Entries of the further factorisation and the neighbourhood models.
    static var extraEntries: [Entry] {
        [
            Entry(kind: SVDpp.kindName, summary: "Surprise SVD++: SVD with implicit feedback of the rated movies",
                  specs: SVDpp.specs, make: { p, _ in try SVDpp(parameters: p) }),
            Entry(kind: NMF.kindName, summary: "Surprise NMF: non-negative factors, multiplicative updates",
                  specs: NMF.specs, make: { p, _ in try NMF(parameters: p) }),
        ] + KNN.Variant.allCases.map { v in
            Entry(kind: v.rawValue, summary: "Surprise \(v.surpriseName): k nearest neighbours (user- or item-based)",
                  specs: KNN.specs, make: { p, _ in try KNN(variant: v, parameters: p) })
        } + [
            Entry(kind: SlopeOne.kindName, summary: "Surprise SlopeOne: user mean plus mean rating deviations",
                  specs: SlopeOne.specs, make: { p, _ in try SlopeOne(parameters: p) }),
            Entry(kind: CoClustering.kindName, summary: "Surprise CoClustering: user and movie clusters with co-cluster means",
                  specs: CoClustering.specs, make: { p, _ in try CoClustering(parameters: p) }),
            Entry(kind: LatentKNN.kindName,
                  summary: "tutorial predictor: similarity-weighted mean of the user's ratings on the k nearest movies in a latent space",
                  specs: LatentKNN.specs, make: { p, c in try LatentKNN(parameters: p, latent: c.movieLatent) }),
        ]
    }
}

extension KNN.Variant {
    var surpriseName: String {
        switch self {
        case .basic: "KNNBasic"
        case .withMeans: "KNNWithMeans"
        case .withZScore: "KNNWithZScore"
        case .baseline: "KNNBaseline"
        }
    }
}
