"""What GPML words become: arrowheads, DataNode types, group types, Xref databases.

Arrowheads are mapped in two steps, as PathVisio's libGPML reads them: the
GPML 2013a name (MIM and legacy names) → the GPML 2021 interaction type
(``Directed``, ``Conversion``, ``Stimulation``, ...), then the 2021 type → the
pathviz relation.  See docs/gpml.md for the reasons.
"""

from __future__ import annotations

from pathviz.vocab import NodeKind, Relation, Tier

#: GPML 2013a arrowhead → GPML 2021 interaction type (libGPML's reading of old files)
ARROWHEAD_2021: dict[str, str] = {
    "Line": "Undirected",
    "Arrow": "Directed",
    "TBar": "Inhibition",
    "mim-conversion": "Conversion",
    "mim-modification": "Conversion",
    "mim-stimulation": "Stimulation",
    "mim-necessary-stimulation": "Stimulation",
    "mim-catalysis": "Catalysis",
    "mim-inhibition": "Inhibition",
    "mim-binding": "Binding",
    "mim-covalent-bond": "Binding",
    "mim-translocation": "Translocation",
    "mim-transcription-translation": "TranscriptionTranslation",
    "mim-cleavage": "Conversion",
    "mim-gap": "Undirected",
    "mim-branching-left": "Undirected",
    "mim-branching-right": "Undirected",
    "Receptor": "Binding",
    "ReceptorRound": "Binding",
    "ReceptorSquare": "Binding",
    "LigandRound": "Binding",
    "LigandSquare": "Binding",
}

#: GPML 2021 interaction type → pathviz relation
TYPE_RELATION: dict[str, Relation] = {
    "Undirected": Relation.associated_with,
    "Directed": Relation.leads_to,
    "Conversion": Relation.converts_to,
    "Stimulation": Relation.activates,
    "Catalysis": Relation.activates,
    "Inhibition": Relation.inhibits,
    "Binding": Relation.binds,
    "Translocation": Relation.leads_to,
    "TranscriptionTranslation": Relation.increases,
}
TYPE_WORDS: dict[str, str] = {
    "Undirected": "an undirected line",
    "Directed": "a directed arrow",
    "Conversion": "a conversion",
    "Stimulation": "a stimulation",
    "Catalysis": "a catalysis",
    "Inhibition": "an inhibition",
    "Binding": "a binding",
    "Translocation": "a translocation",
    "TranscriptionTranslation": "a transcription/translation",
}


def interaction_type(head: str) -> str | None:
    """The GPML 2021 type of an arrowhead of either format; None when unknown."""
    if not head:
        return "Undirected"
    if head in TYPE_RELATION:
        return head
    return ARROWHEAD_2021.get(head)


# DataNode Type -> (kind, tier, the words used in descriptions)
NODE_TYPES: dict[str, tuple[NodeKind, Tier, str]] = {
    "GeneProduct": (NodeKind.signalling, Tier.signalling, "gene product"),
    "Protein": (NodeKind.signalling, Tier.signalling, "protein"),
    "Rna": (NodeKind.gene_expression, Tier.signalling, "RNA"),
    "RNA": (NodeKind.gene_expression, Tier.signalling, "RNA"),
    "Metabolite": (NodeKind.metabolite, Tier.signalling, "metabolite"),
    "Pathway": (NodeKind.process, Tier.signalling, "pathway"),
    "Complex": (NodeKind.complex, Tier.signalling, "complex"),
}
DEFAULT_NODE_TYPE = (NodeKind.other, Tier.signalling, "entity")

#: Group Style (2013a) / type (2021) that is a complex; every other one is a group
COMPLEX_GROUP_TYPES = {"Complex"}

# GPML (BridgeDb) database names, lower case -> bioregistry prefix.  Names not
# listed are looked up among bioregistry's prefix synonyms.
XREF_DATABASES: dict[str, str] = {
    "entrez gene": "ncbigene",
    "ncbi gene": "ncbigene",
    "ensembl": "ensembl",
    "uniprot": "uniprot",
    "uniprot-trembl": "uniprot",
    "uniprot-swissprot": "uniprot",
    "uniprotkb": "uniprot",
    "chebi": "chebi",
    "hmdb": "hmdb",
    "kegg compound": "kegg.compound",
    "kegg drug": "kegg.drug",
    "kegg genes": "kegg.genes",
    "kegg pathway": "kegg.pathway",
    "wikidata": "wikidata",
    "hgnc": "hgnc.symbol",  # GPML's HGNC holds symbols; digits are handled in the mapping
    "hgnc accession number": "hgnc",
    "cas": "cas",
    "enzyme nomenclature": "ec",
    "pubchem-compound": "pubchem.compound",
    "pubchem-substance": "pubchem.substance",
    "chemspider": "chemspider",
    "chembl compound": "chembl.compound",
    "drugbank": "drugbank",
    "lipid maps": "lipidmaps",
    "inchikey": "inchikey",
    "refseq": "refseq",
    "mirbase sequence": "mirbase",
    "mirbase mature sequence": "mirbase.mature",
    "reactome": "reactome",
    "wikipathways": "wikipathways",
    "gene ontology": "go",
    "geneontology": "go",
    "pubmed": "pubmed",
    "omim": "omim",
    "mgi": "mgi",
    "rgd": "rgd",
    "zfin": "zfin",
    "flybase": "flybase",
    "wormbase": "wormbase",
    "sgd": "sgd",
    "pfam": "pfam",
    "interpro": "interpro",
    "pdb": "pdb",
}

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
