"""Pure computations over the domain model: tables, the 7 % rule, assessments, references."""
