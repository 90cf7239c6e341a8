// RecLabEvaluation: see Package.swift for this stage's place in the data flow.
