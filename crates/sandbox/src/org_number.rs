//! Swedish organisation numbers: ten digits, the last a Luhn check digit
//! over the first nine (doubling every other digit from the first).

/// The Luhn sum of `digits` as Swedish numbers weigh them (2, 1, 2, 1 …).
fn luhn_sum(digits: &[u32]) -> u32 {
    digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { *d };
            v / 10 + v % 10
        })
        .sum()
}

/// The check digit for nine digits.
pub fn check_digit(body: &[u32]) -> u32 {
    (10 - luhn_sum(body) % 10) % 10
}

/// Ten digits (a dash allowed) whose last digit checks.
pub fn is_valid(org: &str) -> bool {
    let digits: Vec<u32> = org.chars().filter_map(|c| c.to_digit(10)).collect();
    digits.len() == 10 && luhn_sum(&digits).is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_numbers_check() {
        assert!(super::is_valid("212000-0142"), "Skatteverket");
        assert!(super::is_valid("556036-0793"), "Volvo Personvagnar");
        assert!(!super::is_valid("212000-0143"), "a wrong check digit");
        assert!(!super::is_valid("21200-0142"), "nine digits");
        assert_eq!(super::check_digit(&[2, 1, 2, 0, 0, 0, 0, 1, 4]), 2);
    }
}
